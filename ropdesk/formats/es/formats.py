# Spanish (as in California and Mexico): lun 2 nov 2026 · 15:30 · 1,736,920.00
# (Mexico, like the United States, writes the thousands with a comma and the decimals with a
# point, so figures read the same in both languages.)
DATE_FORMAT = r"D j b Y"
SHORT_DATE_FORMAT = "d/m/Y"
MONTH_DAY_FORMAT = "D j b"
YEAR_MONTH_FORMAT = r"F \d\e Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"D j b Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 0
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
