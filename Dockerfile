# The collector with its dashboard built in. Multi-stage: the build stage has the dev tools,
# the runtime stage only what `npm start` needs.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY collector/package.json collector/
COPY sdk-hook/package.json sdk-hook/
COPY dashboard/package.json dashboard/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production BURNRATE_HOST=0.0.0.0 BURNRATE_PORT=4318
COPY --from=build /app /app
EXPOSE 4318
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:4318/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-semi-space-size=64", "--import", "tsx", "collector/src/main.ts"]
