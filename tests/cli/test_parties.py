import json


def test_customer_add_list_show(gendan):
    gendan.ok("customer", "add", "ACME", "--name", "Acme Home Inc.", "--deposit", "30", "--credit-days", "30",
              "--phone", "+1 555 0100", "--email", "buyer@acme.example")
    gendan.ok("customer", "add", "利昂", "--name", "利昂家居贸易有限公司", "--currency", "cny", "--no-balance-before-ship")
    assert gendan.ok("customer", "list", "-f", "csv") == (
        "code,name,currency,deposit_pct,balance_before_ship,credit_days,contact,phone,email\n"
        "ACME,Acme Home Inc.,USD,30,true,30,,+1 555 0100,buyer@acme.example\n"
        "利昂,利昂家居贸易有限公司,CNY,0,false,0,,,\n")
    shown = json.loads(gendan.ok("customer", "show", "利昂", "-f", "json"))
    assert shown == {"code": "利昂", "name": "利昂家居贸易有限公司", "currency": "CNY", "deposit_pct": "0",
                     "balance_before_ship": False, "credit_days": 0, "contact": "", "phone": "", "email": ""}


def test_supplier_add_list(gendan):
    gendan.ok("supplier", "add", "HX", "--name", "恒兴木业", "--phone", "138 0571 2233", "--lead-days", "25")
    assert gendan.ok("supplier", "list", "-f", "jsonl") == (
        '{"code": "HX", "name": "恒兴木业", "currency": "CNY", "credit_days": 0, "lead_days": 25, '
        '"contact": "", "phone": "138 0571 2233", "email": ""}\n')


def test_party_refusals(parties):
    parties.refused("customer", "add", "ACME", "--name", "Again", message="customer 'ACME' already exists")
    parties.refused("supplier", "add", "HX", "--name", "Again", message="supplier 'HX' already exists")
    parties.refused("customer", "add", "X", "--name", "X", "--deposit", "120", code=2, message="0 to 100")
    parties.refused("customer", "add", "X", "--name", "X", "--currency", "dollars", code=2, message="bad currency")
    parties.refused("customer", "add", "X Y", "--name", "X", code=2, message="bad customer code")
    parties.refused("customer", "add", "X", "--name", "  ", code=2, message="--name must not be empty")
    parties.refused("customer", "show", "NOPE", message="unknown customer 'NOPE'")
    parties.refused("supplier", "add", "Z", "--name", "Z", "--credit-days", "-1", code=2)
    parties.refused("customer", "add", "X", code=2, message="Missing option '--name'")


def test_empty_listing_says_so_on_stderr(gendan):
    result = gendan("customer", "list")
    assert result.exit_code == 0 and result.stdout == ""
    assert "no customers yet" in result.stderr
    assert gendan.ok("customer", "list", "-f", "json") == "[]\n"
