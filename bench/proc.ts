import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * What the kernel says about another process: its CPU time and peak memory. Read from /proc so
 * the servers need no instrumentation of their own, and both are measured the same way. The
 * figures cover every thread of the process (our server's writer worker included).
 */

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const out = execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim();
    const n = Number(out);
    ticksPerSecond = Number.isInteger(n) && n > 0 ? n : 100;
  }
  return ticksPerSecond;
}

/** User + system CPU time the process has used so far, in milliseconds (resolution 1 tick). */
export function cpuTimeMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]); // field 14 of proc(5)
  const stime = Number(fields[12]); // field 15
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unreadable /proc/${pid}/stat`);
  return ((utime + stime) * 1000) / clockTicks();
}

/** The process's peak resident set size so far (VmHWM), in bytes. */
export function peakRssBytes(pid: number): number {
  return statusField(pid, 'VmHWM');
}

/** The process's resident set size now (VmRSS), in bytes. */
export function rssBytes(pid: number): number {
  return statusField(pid, 'VmRSS');
}

function statusField(pid: number, name: string): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`no ${name} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/**
 * The pid of the child of this process that listens on 127.0.0.1:`port`: the listening socket's
 * inode from /proc/net/tcp, matched against the open files of our children. The test helper that
 * starts our server does not expose the pid; this finds it without touching the server.
 */
export function childListeningOn(port: number): number {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  let inode: string | undefined;
  for (const line of fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    // local_address is cols[1] ("0100007F:1F90"), st is cols[3] (0A = LISTEN), inode is cols[9].
    if (cols[1]?.endsWith(`:${portHex}`) && cols[3] === '0A') inode = cols[9];
  }
  if (inode === undefined) throw new Error(`nothing listens on port ${port}`);
  const target = `socket:[${inode}]`;
  for (const pid of childrenOf(process.pid)) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return pid;
      } catch {
        // The descriptor closed while we looked; not the listening socket.
      }
    }
  }
  throw new Error(`no child of ${process.pid} holds the socket listening on port ${port}`);
}

function childrenOf(pid: number): number[] {
  const pids: number[] = [];
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
    if (text) pids.push(...text.split(/\s+/).map(Number));
  }
  return pids;
}
