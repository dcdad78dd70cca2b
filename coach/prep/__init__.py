"""Per-opportunity prep: a posting's requirements matched to the candidate's evidence."""
