// Package staticfs serves embedded assets without directory listings.
package staticfs

import (
	"io/fs"
	"net/http"
)

// Handler serves the regular files of fsys like http.FileServerFS, but a
// directory (the prefix itself, or any folder in it) is answered 404
// instead of an index of its files: the listing would tell a visitor what
// the deployment ships. Mount it behind http.StripPrefix.
func Handler(fsys fs.FS) http.Handler {
	return http.FileServerFS(filesOnly{fsys})
}

// filesOnly is an fs.FS whose Open refuses directories with fs.ErrNotExist,
// which http.FileServer turns into 404.
type filesOnly struct{ fsys fs.FS }

func (f filesOnly) Open(name string) (fs.File, error) {
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := file.Stat()
	if err != nil || st.IsDir() {
		file.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return file, nil
}
