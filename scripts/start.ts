import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromiumExtensionId, GECKO_ID } from './extension-manifest.js';

/** Run after the build by `npm start`: says where the extension is and how to load it with a policy. */
const id = chromiumExtensionId(JSON.parse(readFileSync('manifest.json', 'utf8')).key);
const example = { schoolId: 'demo-school', groupId: 'Y4-Oak', profile: 'primary', blockedDomains: ['example-blocked.test'] };

console.log(`
SafeScreen extension built.

  Chromium: ${resolve('dist/chromium')}   (extension id ${id})
  Firefox:  ${resolve('dist/firefox')}    (add-on id ${GECKO_ID})

Try it in Chromium:
  chromium --load-extension=${resolve('dist/chromium')}
Give it a school policy (as root), then the extension applies it within a second:
  mkdir -p /etc/chromium/policies/managed
  echo '${JSON.stringify({ '3rdparty': { extensions: { [id]: example } } })}' > /etc/chromium/policies/managed/safescreen.json
Firefox reads /etc/firefox/policies/policies.json at start-up:
  {"policies":{"3rdparty":{"Extensions":{"${GECKO_ID}":${JSON.stringify(example)}}}}}
and loads the build from about:debugging → "Load Temporary Add-on…" → dist/firefox/manifest.json.

Click the SafeScreen toolbar icon to see the policy in force and any problems with it.
The reporting server and staff dashboard are not part of this build yet.
`);
