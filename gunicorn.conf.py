# gunicorn reads this file from its working directory (the image's /app, the checkout for
# `make bench`). Flags on the command line override it.
#
# The access log is off unless asked for (`--access-logfile -`). When on, its lines name the
# decoded path (%(U)s, so a percent-encoded prefix cannot hide a capability URL) and never the
# query string or the referer; the token of a capability URL (/feedback/<token>/) in that path is
# replaced by [redacted] by config/logredact.py, which every worker installs when it loads Django.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'

# A short listen backlog (gunicorn's default is 2048). The proxy in front (deploy/haproxy.cfg)
# holds the excess of a burst in its own bounded queue, where a request waits at most 250 ms and
# the rest are refused at once with 503; it sends each gunicorn at most WEB_MAXCONN connections
# (twice the workers). A backlog of thousands would let the kernel hold requests for seconds,
# past the point where their clients gave up, and the workers would then spend their time on
# requests nobody waits for. 64 is well above WEB_MAXCONN and still a fraction of a second of work.
backlog = 64
