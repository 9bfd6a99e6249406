import { BLOCK_END, BLOCK_START, setManagedBlock } from '../managedBlock';

const line = 'export PATH="/h/.rd/bin:$PATH"';

describe('setManagedBlock', () => {
  it('appends a block after a blank line and takes it out again, byte for byte', () => {
    const original = 'alias ll="ls -l"\nexport EDITOR=vi\n';
    const added = setManagedBlock(original, [line]);

    expect(added).toBe(`${ original }\n${ BLOCK_START }\n${ line }\n${ BLOCK_END }\n`);
    expect(setManagedBlock(added, undefined)).toBe(original);
  });

  it('is idempotent and replaces a block where the user moved it', () => {
    const moved = `# top\n${ BLOCK_START }\nold\n${ BLOCK_END }\n# bottom\n`;

    expect(setManagedBlock(moved, [line])).toBe(`# top\n${ BLOCK_START }\n${ line }\n${ BLOCK_END }\n# bottom\n`);
    const once = setManagedBlock('x\n', [line]);

    expect(setManagedBlock(once, [line])).toBe(once);
  });

  it('handles empty files and files without a final newline', () => {
    expect(setManagedBlock('', [line])).toBe(`${ BLOCK_START }\n${ line }\n${ BLOCK_END }\n`);
    expect(setManagedBlock('no-newline', [line]).startsWith('no-newline\n\n')).toBe(true);
    expect(setManagedBlock('nothing here\n', undefined)).toBe('nothing here\n');
  });

  it('removes duplicate blocks, keeping one', () => {
    const twice = `${ BLOCK_START }\na\n${ BLOCK_END }\nmine\n${ BLOCK_START }\nb\n${ BLOCK_END }\n`;

    expect(setManagedBlock(twice, [line])).toBe(`${ BLOCK_START }\n${ line }\n${ BLOCK_END }\nmine\n`);
  });
});
