# One image for api, worker and source holder: the command picks the app (see docker-compose.yml).
#   api:           node dist/apps/api/src/main.js          (default)
#   worker:        node dist/apps/worker/src/main.js
#   source holder: node dist/apps/source-holder/src/main.js
#   migrations:    node dist/scripts/migrate.js run  /  node dist/apps/source-holder/src/migrate.js run
# The hub's migrations run as the database owner (MIGRATION_DATABASE_URL), api and worker as the app
# role (DATABASE_URL), which may not change the schema or the audit log (docs/database-roles.md).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY apps apps
COPY libs libs
COPY migrations migrations
COPY scripts scripts
# Build with the dev tools, then drop them so only runtime packages reach the final image. The build
# starts with the web app (apps/web with its Vite config, and the pure libs it imports) into dist/web.
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
# dist/web included: the api serves the web app from dist/web under its working directory.
COPY --from=build /app/dist dist
# Root owns the files; the apps run as the image's unprivileged `node` user and cannot change them.
USER node
EXPOSE 3000 4100
CMD ["node", "dist/apps/api/src/main.js"]
