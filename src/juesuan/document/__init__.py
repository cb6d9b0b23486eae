"""The complete disclosure document: composed from the model, written as DOCX, PDF and HTML."""
