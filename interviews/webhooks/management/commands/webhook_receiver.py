"""A local receiver for trying webhooks: prints each verified event (development only).

    python manage.py webhook_receiver --secret whsec_... [--port 9000]

Register http://127.0.0.1:9000/ as an endpoint (DEBUG=1 allows local addresses) and schedule an
interview: the signed interview.scheduled is printed here. A request whose signature does not
verify is answered 400 and printed as refused.
"""

import json
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.core.management.base import BaseCommand
from standardwebhooks.webhooks import Webhook, WebhookVerificationError


class Command(BaseCommand):
    help = "Serve a local webhook receiver that verifies and prints what Loupe sends."

    def add_arguments(self, parser):
        parser.add_argument("--secret", required=True, help="the endpoint's whsec_... secret")
        parser.add_argument("--port", type=int, default=9000)

    def handle(self, *args, secret: str, port: int, **options):
        webhook = Webhook(secret)
        out = self.stdout

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    event = webhook.verify(body, dict(self.headers.items()))
                except WebhookVerificationError as refused:
                    out.write(f"refused ({refused})")
                    self.send_response(400)
                else:
                    out.write(f"{self.headers['webhook-id']} verified:")
                    out.write(json.dumps(event, indent=2))
                    self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        server = HTTPServer(("127.0.0.1", port), Handler)
        out.write(f"Receiving on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
