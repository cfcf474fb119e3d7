"""The planning assumptions a plan starts with (a year's nominal GDP growth, spending growth,
inflation), in a module of their own so the command line's help can name them cheaply."""

DEFAULT_GDP_GROWTH_PCT = 3.0
DEFAULT_SPENDING_GROWTH_PCT = 0.0
DEFAULT_INFLATION_PCT = 2.0
