/**
 * config/cidrs.ts's parseCidr for the rule pack, remembered by text: an estate's workspaces name the
 * same few CIDRs over and over, several rules parse each one, and ipaddr.js tries (and fails,
 * building an Error) IPv6 before IPv4 on every IPv4 text. For 1,000 spoke accounts, thousands of
 * parses became 256.
 */
import { parseCidr, type CidrBlock } from "../config/cidrs";

/** Cleared when it grows large, so hostile input cannot make it grow without bound. */
const parsed = new Map<string, CidrBlock | undefined>();
const MAX_REMEMBERED = 10_000;

/** parseCidr(text), remembered. */
export function cidrBlock(text: string): CidrBlock | undefined {
  if (parsed.has(text)) return parsed.get(text);
  if (parsed.size >= MAX_REMEMBERED) parsed.clear();
  const block = parseCidr(text);
  parsed.set(text, block);
  return block;
}
