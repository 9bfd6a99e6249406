import { createApp } from 'vue';

import App from './App.vue';
import { createAppRouter } from './router';
import { createRdStore, storeKey } from './store';
import { connect } from './transport/connect';
import { clientKey } from './useClient';
import './theme.css';

const { client, onConnection } = connect();
const store = createRdStore(client, onConnection);
const app = createApp(App);

app.provide(clientKey, client);
app.use(store, storeKey);
app.use(createAppRouter());
app.mount('#app');
