"""Running the bot as several processes: webhook workers (`python -m bot webhook`), the sender
(`python -m bot sender`), their GET /healthz and GET /metrics, and the Docker health probe
(`python -m bot healthcheck`). Long polling (`python -m bot run`) loads none of this."""
