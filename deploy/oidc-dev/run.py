"""A local OpenID provider for trying single sign-on (`make oidc-dev`).

It is the one the SSO tests run (tests/sso/provider: node's oidc-provider, a certified
implementation), with a signing key made on the spot and three people, one per Loupe role. Its
sign-in form accepts any password. Prints the settings to start Loupe with, then serves until
Ctrl-C. Needs Node 20 and npm.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

PROVIDER = Path(__file__).resolve().parents[2] / "tests" / "sso" / "provider"
PORT = int(os.environ.get("OIDC_DEV_PORT", "9100"))
LOUPE = os.environ.get("LOUPE_URL", "http://127.0.0.1:8000").rstrip("/")
CLIENT_ID, CLIENT_SECRET = "loupe-dev", "loupe-dev-secret"
ROLE_MAP = "loupe-curators=curator,loupe-interviewers=interviewer,loupe-managers=hiring_manager"
# Who exists at the provider: sign in with the name on the left, any password.
PEOPLE = {
    "carla": {"name": "Carla Curator", "groups": ["loupe-curators"]},
    "zoe": {"name": "Zoe Interviewer", "groups": ["loupe-interviewers"]},
    "hugo": {"name": "Hugo Manager", "groups": ["loupe-managers"]},
}


def main() -> int:
    if not (shutil.which("node") and shutil.which("npm")):
        print("Node 20 and npm are needed: apt-get install nodejs npm", file=sys.stderr)
        return 1
    if not (PROVIDER / "node_modules").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PROVIDER, check=True)  # noqa: S607
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key)) | {"kid": "dev-key", "alg": "RS256", "use": "sig"}
    accounts = Path(tempfile.mkdtemp(prefix="loupe-oidc-")) / "accounts.json"
    accounts.write_text(
        json.dumps(
            {
                sub: person | {"email": f"{sub}@example.com", "email_verified": True}
                for sub, person in PEOPLE.items()
            }
        )
    )
    issuer = f"http://127.0.0.1:{PORT}"
    env = os.environ | {
        "PORT": str(PORT),
        "ISSUER": issuer,
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": f"{LOUPE}/login/sso/callback/",
        "ACCOUNTS": str(accounts),
        "JWKS": json.dumps({"keys": [jwk]}),
    }
    print(f"A local OpenID provider at {issuer}; people: {', '.join(PEOPLE)} (any password).")
    print("Start Loupe with it, in another terminal:\n")
    print(
        f"  OIDC_ISSUER={issuer} OIDC_CLIENT_ID={CLIENT_ID} OIDC_CLIENT_SECRET={CLIENT_SECRET} \\\n"
        f'  OIDC_ROLE_MAP="{ROLE_MAP}" make run\n'
    )
    print(f"then open {LOUPE}/login/ and choose single sign-on. Ctrl-C stops the provider.")
    try:
        return subprocess.run(["node", "provider.mjs"], cwd=PROVIDER, env=env).returncode  # noqa: S607
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
