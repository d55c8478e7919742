"""Webhooks: signed, thin event notifications to the endpoints an admin registers."""
