"""Issue 11's classes of reading mistakes, each with new hand-written letters in all three forms."""
