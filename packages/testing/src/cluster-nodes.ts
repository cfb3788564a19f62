/** One line of CLUSTER NODES, parsed. */
export interface ClusterNodesEntry {
  id: string;
  host: string;
  port: number;
  flags: string[];
  /** The master's id for a replica, undefined for a master. */
  masterId: string | undefined;
  linkState: string;
  /** Slot ranges as [first, last]. */
  slots: [number, number][];
}

export function parseClusterNodes(text: string): ClusterNodesEntry[] {
  const entries: ClusterNodesEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    if (fields.length < 8) continue;
    const [id = '', address = '', flags = '', master = '-', , , , linkState = '', ...slotFields] = fields;
    const hostPort = address.split('@')[0] ?? '';
    const colon = hostPort.lastIndexOf(':');
    const slots: [number, number][] = [];
    for (const field of slotFields) {
      if (field.startsWith('[')) continue; // migrating/importing markers
      const [first, last] = field.split('-').map(Number);
      if (first !== undefined && Number.isInteger(first)) slots.push([first, last ?? first]);
    }
    entries.push({
      id,
      host: hostPort.slice(0, colon),
      port: Number(hostPort.slice(colon + 1)),
      flags: flags.split(','),
      masterId: master === '-' ? undefined : master,
      linkState,
      slots,
    });
  }
  return entries;
}
