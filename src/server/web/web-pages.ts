import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { accountPages } from './pages/account-pages.js';
import { homePage } from './pages/home-page.js';
import { signInPages } from './pages/sign-in-pages.js';
import { teacherPages } from './pages/teacher-pages.js';

/** Every group of dashboard pages; register-web.ts adds them inside the dashboard's scope. */
export const WEB_PAGES: readonly ((web: FastifyInstance, ctx: AppContext) => void)[] = [homePage, signInPages, accountPages, teacherPages];
