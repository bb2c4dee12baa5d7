import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { accountPages } from './pages/account-pages.js';
import { choosePasswordPage } from './pages/choose-password-page.js';
import { classPages } from './pages/class-pages.js';
import { homePage } from './pages/home-page.js';
import { rosterImportPages } from './pages/roster-import-pages.js';
import { schoolPages } from './pages/school-pages.js';
import { signInPages } from './pages/sign-in-pages.js';
import { staffPages } from './pages/staff-pages.js';
import { teacherPages } from './pages/teacher-pages.js';

/** Every group of dashboard pages; register-web.ts adds them inside the dashboard's scope. */
export const WEB_PAGES: readonly ((web: FastifyInstance, ctx: AppContext) => void)[] = [
  homePage,
  signInPages,
  choosePasswordPage,
  accountPages,
  staffPages,
  schoolPages,
  classPages,
  rosterImportPages,
  teacherPages,
];
