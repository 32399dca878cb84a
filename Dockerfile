# The bot's image: one image for every role (webhook worker, sender, migrate, backup, ...);
# the command picks the role. Build: `docker build -t qadam-bot .`; run: compose.yaml and
# docs/deploy.md. No secret is baked in: BOT_TOKEN, WEBHOOK_SECRET and the database password
# come from the environment (.env through compose) when a container starts.

# --- builder: the runtime dependencies in a virtualenv (pip and its caches stay here) -------
FROM python:3.11-slim AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore

WORKDIR /build
# Only pyproject.toml first: the dependency layer is rebuilt when dependencies change, not when
# the code does. The list is read from [project] dependencies, so the dev extras (pytest, ruff,
# playwright, ...) never reach the image.
COPY pyproject.toml ./
RUN python -c "import tomllib; d = tomllib.load(open('pyproject.toml', 'rb')); print('\n'.join(d['project']['dependencies']))" > requirements.txt \
    && python -m venv /opt/venv \
    && /opt/venv/bin/pip install --requirement requirements.txt

# --- the image ------------------------------------------------------------------------------
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    MPLCONFIGDIR=/tmp/matplotlib

# A fixed uid/gid, so a mounted volume's owner is the same on every host and every rebuild.
RUN groupadd --system --gid 10001 qadam \
    && useradd --system --uid 10001 --gid qadam --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin qadam

WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
# The code stays owned by root (the bot cannot change it); locales/ sits next to the packages,
# where bot.core.i18n looks for it.
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY locales ./locales
# Compiled once here, as root: the bot cannot write next to its code, and every start (and every
# health check) then skips compiling.
RUN python -m compileall -q bot handlers storage
# data/: the SQLite database (DATABASE_URL's default, sqlite:///data/bot.db) and backups.
RUN mkdir -p /app/data && chown qadam:qadam /app/data

USER 10001:10001
VOLUME ["/app/data"]

# 8080: a webhook worker (WEBHOOK_PORT: Telegram's POSTs, /healthz, /metrics);
# 8081: a sender's /healthz and /metrics (OPS_PORT).
EXPOSE 8080 8081

# GET the local /healthz (WEBHOOK_PORT); a sender's container passes
# --url http://127.0.0.1:8081/healthz (compose.yaml does).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot", "healthcheck"]

CMD ["python", "-m", "bot", "webhook"]
