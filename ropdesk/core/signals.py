"""Signals one app sends and another on its own layer (or below) receives, defined here so
neither imports the other (pyproject's import layers).

`job_hired`: a student's job application reached "hired" (ropdesk/portfolio sends it inside
the save's transaction); ropdesk/outcomes keeps it to pre-fill the student's follow-up survey
with the job (outcomes/hires.py). Keyword arguments: `student` (core Student), `employer`,
`job_title` (text), `started_on` (date), `reference` (a stable text naming the source record,
so a second save updates rather than adds), `actor` (who saved it)."""

from __future__ import annotations

from django.dispatch import Signal

job_hired = Signal()
