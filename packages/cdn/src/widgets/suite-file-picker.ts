/** CDN chunk of <suite-file-picker>: loaded by suite.js when the page has the tag. */
import '@suite-widgets/file-picker/define';
