def test_order_add_and_list_csv(parties):
    parties.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-01", "--item", "CH-01=500@12.50",
               "--ordered", "2026-11-01")
    out = parties.ok("order", "list", "-f", "csv")
    assert out == ("order,customer,ordered,due,days_left,qty,qty_shipped,amount,currency,status,at_risk\n"
                   "SO-1,ACME,2026-11-01,2026-12-01,11,500,0,6250.00,USD,open,false\n")


def test_unknown_customer_refused(parties):
    parties.refused("order", "add", "SO-1", "--customer", "NOPE", "--due", "+3", "--item", "A=1@2",
                    message="unknown customer 'NOPE'")
