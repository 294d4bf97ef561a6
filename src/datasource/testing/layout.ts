// jsdom has no layout, no canvas and no IntersectionObserver. @grafana/ui's Combobox measures text
// on a canvas, virtualises its options by element size and watches its scroll container: these
// stubs let its options render in tests.

const RECT = { x: 0, y: 0, top: 0, left: 0, right: 400, bottom: 400, width: 400, height: 400 };

class NoopObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}

export function stubLayoutForComboboxes() {
  jest.spyOn(Element.prototype, 'getBoundingClientRect').mockReturnValue({ ...RECT, toJSON: () => RECT });
  jest.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(RECT.width);
  jest.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(RECT.height);
  jest.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(RECT.width);
  jest.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(RECT.height);
  const measuringContext = { font: '', measureText: (text: string) => ({ width: text.length * 8 }) };
  // Only measureText() is used; a full 2D context is irrelevant here.
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(measuringContext as unknown as null);
  for (const name of ['IntersectionObserver', 'ResizeObserver'] as const) {
    if (!(name in window)) {
      Object.defineProperty(window, name, { writable: true, configurable: true, value: NoopObserver });
    }
  }
}
