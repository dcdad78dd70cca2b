"""The story bank: STAR stories with competencies, versions, live checks and coverage."""
