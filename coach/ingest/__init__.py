"""Getting the candidate's material in: readers per format, then CV and posting structure."""
