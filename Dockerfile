FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npx next build
ENV NODE_ENV=production PORT=3000 COROWATCH_CONFIG=/config/corowatch.yaml DATABASE_URL=file:/data/corowatch.db
EXPOSE 3000
CMD ["node", "--import", "tsx", "server.ts"]
