# The collector image, in two stages.
#  build:   the whole workspace with its dev tools; packs @burnrate/collector exactly as npm
#           would publish it (compiled JavaScript, the OTLP schema, the built dashboard).
#  runtime: that tarball installed with production dependencies only: no vite, vitest,
#           typescript, tsx, playwright-core or tests. Runs as the unprivileged `node` user.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY contract/package.json contract/
COPY collector/package.json collector/
COPY sdk-hook/package.json sdk-hook/
COPY dashboard/package.json dashboard/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund
COPY . .
# prepack builds the dashboard and the collector.
RUN mkdir /pack && npm pack --workspace collector --pack-destination /pack && mv /pack/burnrate-collector-*.tgz /pack/collector.tgz

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /opt/burnrate
COPY --from=build /pack/collector.tgz /tmp/collector.tgz
RUN npm install --omit=dev --no-audit --no-fund /tmp/collector.tgz \
 && rm /tmp/collector.tgz \
 && npm cache clean --force \
 && mkdir -p /var/lib/burnrate \
 && chown node:node /var/lib/burnrate
# Data and the write-ahead spool live on a volume, so re-creating the container loses nothing
# that was acknowledged. With a ClickHouse server (CLICKHOUSE_URL) only the spool is used.
# A 16 MiB young generation: under full load each scavenge copies the rows still waiting for
# their insert, and 64 MiB made those pauses (every export's 200 waits behind them) 2-3x longer.
# An old generation bounded at 2 GiB, whatever the container's limit: sized by V8 from a small
# limit, it is collected so often that ingest loses a third (collector/src/processHealth/heapSizing.ts).
ENV PATH=/opt/burnrate/node_modules/.bin:$PATH \
    NODE_OPTIONS="--max-semi-space-size=16 --max-old-space-size=2048" \
    BURNRATE_HOST=0.0.0.0 \
    BURNRATE_PORT=4318 \
    BURNRATE_DATA_DIR=/var/lib/burnrate/data \
    BURNRATE_SPOOL_DIR=/var/lib/burnrate/spool
VOLUME /var/lib/burnrate
# chDB reads a config.xml from the working directory if there is one: start where there is none.
WORKDIR /var/lib/burnrate
USER node
EXPOSE 4318
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4318/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["burnrate", "start"]
