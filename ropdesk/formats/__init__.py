"""ropdesk's date, time and number formats per language (FORMAT_MODULE_PATH in settings).

One date format, one time format and one date-and-time format across every page, each in the
reader's language: 12-hour times in English as people in California write them, 24-hour
times in Spanish. Templates name them ("DATE_FORMAT", "SHORT_DATE_FORMAT", "TIME_FORMAT",
"DATETIME_FORMAT", "MONTH_DAY_FORMAT") instead of spelling a format out.
"""
