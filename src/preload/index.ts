import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isCallName } from '../shared/contract/calls';
import { IPC_CALL_CHANNEL, IPC_EVENTS_CHANNEL, type Result } from '../shared/contract/envelope';
import { ContractError } from '../shared/contract/errors';
import { parseCallInput } from '../shared/contract/validate';
import type { PreloadApi } from '../shared/contract/preload-api';

// Only names from the contract list pass; inputs are validated here too (main validates again).
const api: PreloadApi = {
  host: 'electron',
  async call(name, input): Promise<Result> {
    if (!isCallName(name)) return { ok: false, error: { code: 'UNKNOWN_CALL', message: `Unknown call: ${String(name)}` } };
    try {
      parseCallInput(name, input);
    } catch (err) {
      if (err instanceof ContractError) return { ok: false, error: err.toValue() };
      throw err;
    }
    return (await ipcRenderer.invoke(IPC_CALL_CHANNEL, name, input)) as Result;
  },
  onEvents(listener) {
    const wrapped = (_event: IpcRendererEvent, batch: unknown) => {
      if (typeof batch === 'object' && batch !== null) listener(batch as Record<string, unknown>);
    };
    ipcRenderer.on(IPC_EVENTS_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENTS_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('clawgrid', api);
