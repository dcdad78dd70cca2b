"""The candidate's library: documents, their structure, chunks and hybrid retrieval."""
