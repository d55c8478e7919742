# gunicorn reads this file from its working directory (the image's /app, the checkout for
# `make bench`). Flags on the command line override it.
#
# The access log is off unless asked for (`--access-logfile -`). When on, its lines name the
# decoded path (%(U)s, so a percent-encoded prefix cannot hide a capability URL) and never the
# query string or the referer; the token of a capability URL (/feedback/<token>/) in that path is
# replaced by [redacted] by config/logredact.py, which every worker installs when it loads Django.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
