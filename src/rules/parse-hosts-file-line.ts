import { blockHosts, type LineVerdict, NOTHING, skip } from './list-line.js';

// Addresses a blocking hosts file points names at: nowhere, or this machine.
const SINK_ADDRESSES = new Set(['0.0.0.0', '0', '127.0.0.1', '::', '::1', '0:0:0:0:0:0:0:0', '0:0:0:0:0:0:0:1']);
// Names every hosts file carries for the machine itself; never sites to block.
const LOCAL_NAMES = new Set([
  'localhost',
  'localhost.localdomain',
  'local',
  'broadcasthost',
  'ip6-localhost',
  'ip6-loopback',
  'ip6-localnet',
  'ip6-mcastprefix',
  'ip6-allnodes',
  'ip6-allrouters',
  'ip6-allhosts',
  '0.0.0.0',
]);

/** A hosts file: `0.0.0.0 a.example b.example  # comment`; several names per line. */
export function parseHostsFileLine(line: string): LineVerdict {
  const hash = line.indexOf('#');
  const text = (hash === -1 ? line : line.slice(0, hash)).trim();
  if (text === '') return NOTHING;
  const [address, ...names] = text.split(/\s+/);
  if (names.length === 0) return skip('no address before the name: not a hosts file line');
  if (!SINK_ADDRESSES.has(address)) {
    if (/^[\d.]+$|:/.test(address)) return skip('maps names to a real address: a hosts entry that does not block');
    return skip('does not start with an address: not a hosts file line');
  }
  const sites = names.filter((name) => !LOCAL_NAMES.has(name.toLowerCase()));
  if (sites.length === 0) return skip("the machine's own local names");
  return blockHosts(sites);
}
