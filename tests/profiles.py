"""How many examples a hypothesis test draws: a tenth by default (the README's quick test
command), all of them under the `full` profile that .ci/run selects
(`--hypothesis-profile=full`). Each test names its full count: `max_examples=examples(150)`."""
from hypothesis import settings

DEFAULT = "quick"
QUICK_SHARE = 10        # the quick profile's max_examples: a tenth of hypothesis's default 100
FULL = 100              # the full profile: hypothesis's default

settings.register_profile("quick", max_examples=QUICK_SHARE)
settings.register_profile("full", max_examples=FULL)


def examples(full: int) -> int:
    """`full` under the full profile; a tenth of it (at least 5) under the quick one."""
    share = settings().max_examples / FULL
    return max(min(full, 5), round(full * share))
