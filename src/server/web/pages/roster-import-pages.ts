import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { checkDisplayText } from '../../../core/display-text.js';
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS, type ImportField } from '../../../core/roster-columns.js';
import { decodeRosterFile, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../../../core/roster-csv.js';
import type { ImportOptions } from '../../../core/roster-plan.js';
import type { ImportRole } from '../../../core/roster-rows.js';
import type { AppContext } from '../../app-context.js';
import { authenticatedStaff } from '../../auth/staff-auth.js';
import { applyRosterImport, previewRosterImport } from '../../school-structure.js';
import {
  deleteRosterUpload,
  findRosterUpload,
  type RosterUpload,
  saveRosterUpload,
  updateRosterUploadOptions,
} from '../../storage/roster-uploads.js';
import type { SessionStaff } from '../../storage/staff-sessions.js';
import { formField } from '../form-fields.js';
import { staffPage } from '../staff-page.js';

/** What multipart hands the route for the file field (see onFile below). */
interface UploadedFile {
  bytes: Buffer;
  fileName: string;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs' };
const uploadHref = (id: string) => `/school/import/${id}`;

/**
 * The CSV import as pages: upload the file → a preview (the columns as mapped, which the technician
 * can change; the first rows; every problem with its line; what would change) → import. The file is
 * kept between the steps (roster_uploads) so each step is a plain POST → redirect → GET, and the
 * import itself runs the same code as the API's: re-checked whole, one transaction.
 *
 * A file input rather than a text box: a technician has the MIS's export as a file, and pasting two
 * thousand rows into a browser is where rows get lost. @fastify/multipart (the Fastify team's) reads
 * it, in this scope only, with its size capped before the bytes are kept.
 */
export function rosterImportPages(web: FastifyInstance, ctx: AppContext): void {
  const technician = staffPage(ctx, ['technician']);

  const showUpload = (reply: FastifyReply, error?: string) =>
    reply.view('import-upload.eta', {
      title: 'Import from your MIS',
      error,
      maxRows: MAX_IMPORT_ROWS,
      maxMegabytes: MAX_IMPORT_BYTES / 1024 / 1024,
    });

  const showPreview = async (reply: FastifyReply, staff: SessionStaff, upload: RosterUpload, error?: string) => {
    const result = await previewRosterImport(ctx.db, staff.schoolId, upload.csv, upload.options);
    const header = result.preview?.header ?? [];
    const mapping = result.preview?.mapping ?? {};
    return reply.view('import-preview.eta', {
      title: 'Check the import',
      upload,
      result,
      error,
      href: uploadHref(upload.id),
      delimiterName: result.preview ? DELIMITER_NAMES[result.preview.delimiter] : undefined,
      fields: IMPORT_FIELDS.map((field) => ({ field, label: IMPORT_FIELD_LABELS[field], column: mapping[field] })),
      header,
      // The sample shows the mapped columns, in the order the fields are listed.
      mappedFields: IMPORT_FIELDS.filter((field) => mapping[field] !== undefined),
      mapping,
    });
  };

  /** The technician's own upload named in the address, or null (another's, finished or expired ones alike). */
  const ownUpload = async (request: FastifyRequest) => {
    const staff = authenticatedStaff(request);
    const upload = await findRosterUpload(ctx.db, staff.schoolId, staff.staffId, (request.params as { uploadId: string }).uploadId);
    return upload && { staff, upload };
  };
  const noSuchUpload = (reply: FastifyReply) =>
    reply
      .code(404)
      .view('error.eta', { title: 'No such upload', message: 'This upload is finished or has expired. Upload the file again.' });

  web.get('/school/import', { onRequest: technician }, async (_request, reply) => showUpload(reply));

  // Multipart bodies are read in this scope only; the rest of the dashboard takes plain forms.
  const uploadRoute: FastifyPluginAsync = async (uploads) => {
    await uploads.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
      async onFile(part: MultipartFile) {
        const value: UploadedFile = { bytes: await part.toBuffer(), fileName: part.filename };
        (part as unknown as { value: UploadedFile }).value = value;
      },
    });
    uploads.setErrorHandler(async (error: FastifyError, _request, reply) => {
      if (error.code === 'FST_REQ_FILE_TOO_LARGE') {
        return showUpload(
          reply.code(413),
          `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it (by year group, say) and import each part.`,
        );
      }
      throw error;
    });

    uploads.post('/school/import', { onRequest: technician }, async (request, reply) => {
      const staff = authenticatedStaff(request);
      const body = request.body as Record<string, unknown> | undefined;
      const file = body?.file as UploadedFile | undefined;
      if (!file || !Buffer.isBuffer(file.bytes) || file.bytes.length === 0)
        return showUpload(reply.code(400), 'Choose the CSV file to import.');
      const decoded = decodeRosterFile(file.bytes);
      if (!decoded.ok) return showUpload(reply.code(400), `That file cannot be imported: ${decoded.reason}.`);
      const name = checkDisplayText(file.fileName || 'upload.csv', 'file name');
      const options: ImportOptions = {
        defaultRole: formField(body, 'defaultRole', 10) === 'teacher' ? 'teacher' : 'pupil',
        allowNewClasses: formField(body, 'allowNewClasses', 10) === 'yes',
      };
      const id = await saveRosterUpload(ctx.db, {
        schoolId: staff.schoolId,
        staffId: staff.staffId,
        fileName: name.ok ? name.value : 'upload.csv',
        csv: decoded.text,
        options,
        now: ctx.now(),
      });
      return reply.redirect(uploadHref(id), 303);
    });
  };
  web.register(uploadRoute);

  web.get('/school/import/:uploadId', { onRequest: technician }, async (request, reply) => {
    const found = await ownUpload(request);
    return found ? showPreview(reply, found.staff, found.upload) : noSuchUpload(reply);
  });

  web.post('/school/import/:uploadId/options', { onRequest: technician }, async (request, reply) => {
    const found = await ownUpload(request);
    if (!found) return noSuchUpload(reply);
    const mapping: Partial<Record<ImportField, number>> = {};
    for (const field of IMPORT_FIELDS) {
      const column = formField(request.body, `column-${field}`, 5);
      if (column && /^\d{1,3}$/.test(column)) mapping[field] = Number(column);
    }
    const role = formField(request.body, 'defaultRole', 10);
    const options: ImportOptions = {
      mapping,
      defaultRole: (role === 'teacher' ? 'teacher' : 'pupil') satisfies ImportRole,
      allowNewClasses: formField(request.body, 'allowNewClasses', 10) === 'yes',
    };
    await updateRosterUploadOptions(ctx.db, found.staff.schoolId, found.upload.id, options);
    return reply.redirect(uploadHref(found.upload.id), 303);
  });

  web.post('/school/import/:uploadId/apply', { onRequest: technician }, async (request, reply) => {
    const found = await ownUpload(request);
    if (!found) return noSuchUpload(reply);
    const { staff, upload } = found;
    const result = await applyRosterImport(ctx.db, staff, upload.csv, upload.options, upload.fileName, (tx) =>
      deleteRosterUpload(tx, staff.schoolId, upload.id),
    );
    // Problems now that were not there at the preview (someone changed the school meanwhile): show them.
    if (!result.ok)
      return showPreview(
        reply.code(409),
        staff,
        upload,
        'Nothing was imported: the school changed since the preview. See the problems below.',
      );
    return reply.redirect('/school?notice=imported', 303);
  });
}
