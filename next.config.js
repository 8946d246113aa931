/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // native and SSH modules run in server.ts; route handlers only reach them through the runtime on globalThis
  serverExternalPackages: ['better-sqlite3', 'ssh2', 'cpu-features', '@prisma/adapter-better-sqlite3'],
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
