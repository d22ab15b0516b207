"""Documents in the GUI: the export and print dialog, letterhead settings, batch export."""
