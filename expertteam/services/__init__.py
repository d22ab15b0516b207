"""Use cases: the only API the GUI and the CLI use. Each call is one transaction and raises
only ``expertteam.domain.errors`` types, with a Dutch message."""
