"""The demo `make run` seeds (seeding.py, `manage.py seed_demo`). An app of its own on top of the
others: it plays the whole product through their services, reports and calibration included."""
