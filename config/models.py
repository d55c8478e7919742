# The project app (label "loupe") keeps no models of its own: roles are auth groups
# (config/roles.py). Its migrations remain for the history of the tables it once had.
