"""Hand-written Letters of Commitment unlike the public samples and the FORMS variant generator."""
