// postinstall: placeholder replaced below
