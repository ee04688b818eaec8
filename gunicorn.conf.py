# Read by gunicorn from the working directory (the Docker image's /app).
# The access log masks tokens in paths and Referers and leaves out query strings.
logger_class = "ivh.core.gunicorn_log.SafeAccessLogger"
