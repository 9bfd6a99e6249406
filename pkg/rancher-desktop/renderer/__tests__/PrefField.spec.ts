import { mount } from '@vue/test-utils';

import PrefField from '../components/PrefField.vue';
import { preferencesFor } from '../preferences/layout';

const cpus = { path: 'virtualMachine.numberCPUs', label: 'CPUs' };

const linuxField = (path: string) => preferencesFor('linux').flatMap((g) => g.tabs.flatMap((t) => t.fields)).find((f) => f.path === path);

describe('PrefField', () => {
  it('says next to a setting with no effect in this build that it has none, and why, keeping the control', () => {
    const field = linuxField('application.updater.enabled');
    const wrapper = mount(PrefField, { props: { field: field!, value: true, locked: false, errors: [] } });
    const note = wrapper.get('[data-test="no-effect"]');

    expect(note.text()).toMatch(/^No effect in this build: this build has no updater/);
    expect(wrapper.get('input[type="checkbox"]').attributes('disabled')).toBeUndefined();
    expect(wrapper.get('input').attributes('aria-describedby')).toContain(note.attributes('id'));
  });

  it('disables turning on allowed images, which this build refuses, but lets a set value be turned off', () => {
    const field = linuxField('containerEngine.allowedImages.enabled')!;
    const off = mount(PrefField, { props: { field, value: false, locked: false, errors: [] } });
    const on = mount(PrefField, { props: { field, value: true, locked: false, errors: [] } });

    expect(off.get('[data-test="no-effect"]').text()).toContain('not enforced');
    expect(off.get('input[type="checkbox"]').attributes('disabled')).toBeDefined();
    expect(on.get('input[type="checkbox"]').attributes('disabled')).toBeUndefined();
  });

  it('shows no note for a setting that works', () => {
    const wrapper = mount(PrefField, { props: { field: linuxField('virtualMachine.numberCPUs')!, value: 2, locked: false, errors: [] } });

    expect(wrapper.find('[data-test="no-effect"]').exists()).toBe(false);
  });

  it('shows the validator messages for its field, marked invalid and announced', () => {
    const wrapper = mount(PrefField, { props: { field: cpus, value: 0, locked: false, errors: ['Invalid value for "virtualMachine.numberCPUs": <0>'] } });
    const input = wrapper.get('input');

    expect(input.attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('[role="alert"]').text()).toContain('Invalid value for "virtualMachine.numberCPUs"');
    expect(input.attributes('aria-describedby')).toContain(wrapper.get('[role="alert"]').attributes('id'));
  });

  it('shows no error list when the value is valid', () => {
    const wrapper = mount(PrefField, { props: { field: cpus, value: 2, locked: false, errors: [] } });

    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(wrapper.get('input').attributes('aria-invalid')).toBe('false');
  });

  it('disables a locked field and says why', () => {
    const wrapper = mount(PrefField, { props: { field: { path: 'kubernetes.enabled', label: 'Enable Kubernetes' }, value: true, locked: true, errors: [] } });

    expect(wrapper.get('input[type="checkbox"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-test="locked"]').text()).toContain("administrator's deployment profile");
  });

  it('emits whole numbers as numbers and anything else as typed, for the validator to judge', async() => {
    const wrapper = mount(PrefField, { props: { field: cpus, value: 2, locked: false, errors: [] } });
    const input = wrapper.get('input');

    await input.setValue('4');
    await input.setValue('2.5');
    await input.setValue('');
    expect(wrapper.emitted('update')).toEqual([[4], ['2.5'], ['']]);
  });

  it('offers an enum as a select with readable labels, without the docker alias', () => {
    const wrapper = mount(PrefField, { props: { field: { path: 'containerEngine.name', label: 'Container engine', choices: { moby: 'dockerd (moby)' } }, value: 'moby', locked: false, errors: [] } });

    expect(wrapper.findAll('option').map((o) => o.text())).toEqual(['containerd', 'dockerd (moby)']);
  });

  it('edits a string list one entry per line', async() => {
    const wrapper = mount(PrefField, { props: { field: { path: 'containerEngine.allowedImages.patterns', label: 'Patterns' }, value: ['a/*'], locked: false, errors: [] } });
    const area = wrapper.get('textarea');

    expect((area.element as HTMLTextAreaElement).value).toBe('a/*');
    await area.setValue('a/*\n  b  \n\n');
    await area.trigger('change');
    expect(wrapper.emitted('update')?.at(-1)).toEqual([['a/*', 'b']]);
  });

  it('says when the change restarts the VM', () => {
    const wrapper = mount(PrefField, { props: { field: cpus, value: 3, locked: false, errors: [], restart: 'restart' } });

    expect(wrapper.get('[data-test="needs-restart"]').text()).toBe('Restarts the VM');
  });
});
