/** The markers Rancher Desktop puts around the lines it manages in a user's shell rc file. */
export const BLOCK_START = '### MANAGED BY RANCHER DESKTOP START (DO NOT EDIT)';
export const BLOCK_END = '### MANAGED BY RANCHER DESKTOP END (DO NOT EDIT)';

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BLOCK = new RegExp(`${ escaped(BLOCK_START) }\\n[\\s\\S]*?${ escaped(BLOCK_END) }\\n?`, 'g');

/**
 * A file's text with its managed block set to `lines`, or removed when `lines` is undefined.
 * An existing block is replaced where it stands (the user may have moved it); a new one is
 * appended. Nothing outside the markers changes, except the one blank line this function
 * puts before a block it appends, which goes with the block when it is removed, and the
 * final newline that a file lacking one gains (its last line must end before the block).
 */
export function setManagedBlock(text: string, lines: string[] | undefined): string {
  const block = lines ? `${ BLOCK_START }\n${ lines.join('\n') }\n${ BLOCK_END }\n` : '';
  let replaced = false;
  let result = text.replace(BLOCK, () => {
    const first = !replaced;

    replaced = true;

    return first ? block : '';
  });

  if (!lines) {
    // Drop the separator line added with the block, when the block was last in the file.
    result = result === text ? text : result.replace(/\n\n$/, '\n');
  } else if (!replaced) {
    result = text === '' ? block : `${ text }${ text.endsWith('\n') ? '' : '\n' }\n${ block }`;
  }

  return result;
}
