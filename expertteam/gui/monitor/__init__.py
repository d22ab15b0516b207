"""The dashboard (the start page) and the regional monitor page; both ask, through
``cases_requested(title, case_ids)``, to show the cases behind a figure in the register."""
