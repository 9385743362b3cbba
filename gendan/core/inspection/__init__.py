"""Inspections (验货), pure: sampling.py holds the ISO 2859-1 tables and switching rules,
verdict.py judges and records a lot (plans, verdicts, replaying a scope's history), due.py
says what is due for inspection. due.py does not import sampling.py, so the morning report
does not load the sampling tables."""
