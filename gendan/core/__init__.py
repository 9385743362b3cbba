"""The domain: pure functions over frozen dataclasses. No SQL, no CLI, no clock."""
