"""Calibration of interviewers and questions. A Django app of its own (label `calibration`): it
builds on interviews and questionbank, which never import it."""
