import type { EngineRequest, UiHandlers } from './uiContext';
import { object, optionalText, text } from './uiArgs';

/** The Containers, Images and Volumes pages' requests, answered by the engine that runs now. */
export const engineHandlers: UiHandlers<EngineRequest> = {
  'containers.list': async({ services }, options) => {
    const { all, namespace } = object(options, 'list options');

    return services.containerEngine().listContainers({ all: all === true, namespace: optionalText(namespace, 'namespace') });
  },
  'containers.inspect': ({ services }, id, ns) => services.containerEngine().inspectContainer(text(id, 'container id'), optionalText(ns, 'namespace')),
  'containers.start': ({ services }, id, ns) => services.containerEngine().startContainer(text(id, 'container id'), optionalText(ns, 'namespace')),
  'containers.stop': ({ services }, id, ns) => services.containerEngine().stopContainer(text(id, 'container id'), optionalText(ns, 'namespace')),
  'containers.restart': ({ services }, id, ns) => services.containerEngine().restartContainer(text(id, 'container id'), optionalText(ns, 'namespace')),
  'containers.remove': ({ services }, id, ns) => services.containerEngine().removeContainer(text(id, 'container id'), { force: true, namespace: optionalText(ns, 'namespace') }),
  'containers.logs': async({ services, streams }, id, options) => {
    const engine = services.containerEngine();
    const container = text(id, 'container id');
    const { follow, tail, namespace } = object(options, 'log options');
    const lines = typeof tail === 'number' && tail >= 0 ? Math.floor(tail) : undefined;

    return { streamId: streams.start((listener, signal) => engine.logs(container, listener, { follow: follow === true, tail: lines, namespace: optionalText(namespace, 'namespace'), signal })) };
  },
  'images.list': ({ services }, ns) => services.containerEngine().listImages(optionalText(ns, 'namespace')),
  'images.namespaces': ({ services }) => services.containerEngine().listNamespaces(),
  'images.pull': async({ services, streams }, reference, ns) => {
    const engine = services.containerEngine();
    const ref = text(reference, 'image name');

    return { streamId: streams.start((listener) => engine.pullImage(ref, listener, optionalText(ns, 'namespace'))) };
  },
  'images.build': async({ services, streams }, contextDir, tag, ns) => {
    const engine = services.containerEngine();
    const dir = text(contextDir, 'build folder');
    const name = text(tag, 'image tag');

    return { streamId: streams.start((listener) => engine.buildImage(dir, name, listener, optionalText(ns, 'namespace'))) };
  },
  'images.tag': ({ services }, source, target, ns) => services.containerEngine().tagImage(text(source, 'image'), text(target, 'new tag'), optionalText(ns, 'namespace')),
  'images.remove': ({ services }, reference, ns) => services.containerEngine().removeImage(text(reference, 'image'), optionalText(ns, 'namespace')),
  'volumes.list': ({ services }, ns) => services.containerEngine().listVolumes(optionalText(ns, 'namespace')),
  'volumes.remove': ({ services }, name, ns) => services.containerEngine().removeVolume(text(name, 'volume name'), optionalText(ns, 'namespace')),
  'volumes.browse': ({ services }, name, subPath, ns) => services.containerEngine().browseVolume(text(name, 'volume name'), typeof subPath === 'string' ? subPath : '', optionalText(ns, 'namespace')),
  'stream.cancel': async({ streams }, streamId) => streams.cancel(text(streamId, 'stream id')),
};
