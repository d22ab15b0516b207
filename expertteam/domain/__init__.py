"""Pure domain: enums, value objects and rules. No Qt, no SQL, nothing else of the project
except the leaf module ``expertteam.i18n``."""
