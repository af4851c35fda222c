# The statements desk as a container: the same gunicorn service `make run` starts.
FROM python:3.11-slim AS build
WORKDIR /app
COPY requirements.txt .
# Wheels only: the runtime image gets no compiler.
RUN pip install --no-cache-dir --prefix=/install -r requirements.txt

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/statements.db \
    HOST=0.0.0.0 \
    PORT=8000
COPY --from=build /install /usr/local
RUN useradd --system --uid 10001 --home-dir /app statements \
    && mkdir -p /data && chown statements /data
WORKDIR /app
# The code is root's and read-only to the service's user, which writes only
# to /data (the database, its rate-limit counts) and the temporary directory.
COPY service ./service
COPY schemas ./schemas
COPY fixtures ./fixtures
USER 10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8000')}/readyz\", timeout=2)"]
ENTRYPOINT ["service/entrypoint.sh"]
CMD ["gunicorn", "service:create_app()"]
