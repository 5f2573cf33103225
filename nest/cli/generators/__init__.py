"""Plans of the files each ``pynest generate`` command writes."""

from nest.cli.generators.application import application_plan
from nest.cli.generators.feature import FEATURE_KINDS, feature_plan

__all__ = ["FEATURE_KINDS", "application_plan", "feature_plan"]
